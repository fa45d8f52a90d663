import { encodeGlobalID } from '@pothos/plugin-relay';

/** The Relay global ID the API uses for a row. */
export const gid = (typename: string, id: number) => encodeGlobalID(typename, id);
