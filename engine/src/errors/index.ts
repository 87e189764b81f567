// What was thrown, told in words: one way to get an error's message for logs, answers and dead letters.
export { asError, messageOf } from './message.ts';
