import { Migration20261204000000Catalogue } from './Migration20261204000000Catalogue'
import { Migration20261204100000ServiceForm } from './Migration20261204100000ServiceForm'

/** Every committed migration, in order. Listed here because the server bundle cannot scan a folder. */
export const migrations = [
  { name: 'Migration20261204000000Catalogue', class: Migration20261204000000Catalogue },
  { name: 'Migration20261204100000ServiceForm', class: Migration20261204100000ServiceForm },
]
