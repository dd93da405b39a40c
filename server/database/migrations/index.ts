import { Migration20261204000000Catalogue } from './Migration20261204000000Catalogue'

/** Every committed migration, in order. Listed here because the server bundle cannot scan a folder. */
export const migrations = [
  { name: 'Migration20261204000000Catalogue', class: Migration20261204000000Catalogue },
]
