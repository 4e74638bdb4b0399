/** The project manager's area: `#/documents` (list, create, delete) and `#/documents/<id>/<tab>`. */
import type { Me } from '../../app.js';
import { DocumentPage } from './document-page.js';
import { DocumentsList } from './documents-list.js';

/** The documents area for the route's `rest`. */
export function DocumentsArea({ me, rest }: { me: Me; rest: string[] }) {
  const id = Number(rest[0]);
  return Number.isInteger(id) && id > 0 ? <DocumentPage key={id} id={id} tab={rest[1]} me={me} /> : <DocumentsList me={me} />;
}
