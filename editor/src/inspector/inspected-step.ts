import { createContext } from 'react';

/** The id of the step whose form the inspector shows, for inputs whose choices depend on where the step is. */
export const InspectedStep = createContext<string | null>(null);
