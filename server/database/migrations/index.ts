import { Migration20261204000000Catalogue } from './Migration20261204000000Catalogue'
import { Migration20261204100000ServiceForm } from './Migration20261204100000ServiceForm'
import { Migration20261204190000Accounts } from './Migration20261204190000Accounts'
import { Migration20261204200000Uploads } from './Migration20261204200000Uploads'
import { Migration20261204210000Outbox } from './Migration20261204210000Outbox'
import { Migration20261204220000Requests } from './Migration20261204220000Requests'
import { Migration20261204230000StaffViews } from './Migration20261204230000StaffViews'
import { Migration20261204233000FixDrafts } from './Migration20261204233000FixDrafts'
import { Migration20261205090000InboxStatusIndex } from './Migration20261205090000InboxStatusIndex'
import { Migration20261205100000ComplaintTypes } from './Migration20261205100000ComplaintTypes'
import { Migration20261205110000Complaints } from './Migration20261205110000Complaints'
import { Migration20261205120000Open311Keys } from './Migration20261205120000Open311Keys'
import { Migration20261205130000ComplaintDrafts } from './Migration20261205130000ComplaintDrafts'
import { Migration20261205140000ComplaintRedactions } from './Migration20261205140000ComplaintRedactions'
import { Migration20261205141000WhistleblowingReads } from './Migration20261205141000WhistleblowingReads'
import { Migration20261205142000ComplaintTypeEdits } from './Migration20261205142000ComplaintTypeEdits'
import { Migration20261205160000SearchOutbox } from './Migration20261205160000SearchOutbox'
import { Migration20261205170000AuditTrail } from './Migration20261205170000AuditTrail'
import { Migration20261205180000ServiceVersions } from './Migration20261205180000ServiceVersions'
import { Migration20261205190000CatalogueCheckedFiles } from './Migration20261205190000CatalogueCheckedFiles'

/** Every committed migration, in order. Listed here because the server bundle cannot scan a folder. */
export const migrations = [
  { name: 'Migration20261204000000Catalogue', class: Migration20261204000000Catalogue },
  { name: 'Migration20261204100000ServiceForm', class: Migration20261204100000ServiceForm },
  { name: 'Migration20261204190000Accounts', class: Migration20261204190000Accounts },
  { name: 'Migration20261204200000Uploads', class: Migration20261204200000Uploads },
  { name: 'Migration20261204210000Outbox', class: Migration20261204210000Outbox },
  { name: 'Migration20261204220000Requests', class: Migration20261204220000Requests },
  { name: 'Migration20261204230000StaffViews', class: Migration20261204230000StaffViews },
  { name: 'Migration20261204233000FixDrafts', class: Migration20261204233000FixDrafts },
  { name: 'Migration20261205090000InboxStatusIndex', class: Migration20261205090000InboxStatusIndex },
  { name: 'Migration20261205100000ComplaintTypes', class: Migration20261205100000ComplaintTypes },
  { name: 'Migration20261205110000Complaints', class: Migration20261205110000Complaints },
  { name: 'Migration20261205120000Open311Keys', class: Migration20261205120000Open311Keys },
  { name: 'Migration20261205130000ComplaintDrafts', class: Migration20261205130000ComplaintDrafts },
  { name: 'Migration20261205140000ComplaintRedactions', class: Migration20261205140000ComplaintRedactions },
  { name: 'Migration20261205141000WhistleblowingReads', class: Migration20261205141000WhistleblowingReads },
  { name: 'Migration20261205142000ComplaintTypeEdits', class: Migration20261205142000ComplaintTypeEdits },
  { name: 'Migration20261205160000SearchOutbox', class: Migration20261205160000SearchOutbox },
  { name: 'Migration20261205170000AuditTrail', class: Migration20261205170000AuditTrail },
  { name: 'Migration20261205180000ServiceVersions', class: Migration20261205180000ServiceVersions },
  { name: 'Migration20261205190000CatalogueCheckedFiles', class: Migration20261205190000CatalogueCheckedFiles },
]
