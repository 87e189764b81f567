// The starter library: journeys shipped as data in templates/journeys, read with the model's schema.
export { installStarters, starterAudiences, starterJourneys } from './library.ts';
