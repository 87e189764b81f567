// The internal events a membership change appends to the event store; triggers, waits and metrics read them by these names.
/** Appended when a customer joins an audience; properties: audienceId, audienceName. */
export const AUDIENCE_ENTERED = 'Audience Entered';
/** Appended when a customer leaves an audience; properties: audienceId, audienceName. */
export const AUDIENCE_EXITED = 'Audience Exited';
