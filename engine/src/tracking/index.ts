// Open and click tracking without an ESP: signed tracking tokens, the HTML link rewriter and open pixel, the machine-traffic rule and the events it records.
export { trackHtml, type TrackedHtml, type TrackingPlan } from './rewrite.ts';
export { trackedEmailHtml, journeyTracksEmail } from './email.ts';
export { ClickClaim, OpenClaim, signClickToken, signOpenToken, verifyClickToken, verifyOpenToken } from './tokens.ts';
export { machineReason, PREFETCH_SECONDS, type TrackingHit } from './machine.ts';
export { EMAIL_LINK_CLICKED, EMAIL_OPENED, recordTracking, type TrackingDeps, type TrackingRequest } from './record.ts';
