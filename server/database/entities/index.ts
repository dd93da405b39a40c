import { AgencySchema } from './agency'
import { BaseSchema } from './base'
import { CategoryAgencySchema, CategorySchema } from './category'
import { KecamatanSchema } from './kecamatan'
import { ServiceSchema } from './service'

export const entities = [BaseSchema, AgencySchema, CategorySchema, CategoryAgencySchema, KecamatanSchema, ServiceSchema]
