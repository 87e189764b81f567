// The audience builder: list rows, the condition tree with its live count, membership over time, a customer's audiences.
export { AudienceBuilder, idFromName } from './AudienceBuilder.tsx';
export { CustomerAudienceList } from './CustomerAudienceList.tsx';
export { countText } from './LivePreview.tsx';
export { AudienceList, AudienceRecord } from './shapes.ts';
