import { compiledRoot } from '../../compiled/roots.js';
import { rowId } from '../common/ids.js';

/** `household(id:)` on the compiled read path (src/compiled/): the resolver's own id parsing. */
compiledRoot('household', {
  kind: 'unique',
  model: 'Household',
  id: (args) => rowId('id', String(args.id), 'Household'),
});
