import { compiledRoot } from '../../compiled/roots.js';
import { Unsupported } from '../../compiled/select.js';
import { rowId } from '../common/ids.js';
import { residentWhere } from './queries.js';

/** The resident roots the compiled read path answers (src/compiled/): the same parsing and filter code. */
compiledRoot('resident', {
  kind: 'unique',
  model: 'Resident',
  id: (args) => rowId('id', String(args.id), 'Resident'),
});

compiledRoot('residents', {
  kind: 'connection',
  model: 'Resident',
  where: async (ctx, args) => {
    const { where, revealed } = await residentWhere(ctx, args.filter as never);
    // A filter on a personal field is recorded with the rows it matched: left to graphql-js.
    if (revealed.length > 0) throw new Unsupported('revealing filter');
    return where as Record<string, unknown>;
  },
});
