// Experiments on live journeys: results read from the database, and automatic winners.
export { plannedFor, splitResults, type SplitResults } from './results.ts';
export { applyAutomaticWinners, type AutomaticWinner } from './winner.ts';
