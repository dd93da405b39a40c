import type { Request } from '../database/entities/request'
import type { User } from '../database/entities/user'
import type { Standing } from './state-machine'

/**
 * Who may see a request at all: its applicant, the staff of the OPD handling it, and Diskominfo admins. Everyone
 * else is told it does not exist (issue 3: "anyone else gets 404"), so codes cannot be probed.
 */
export function canView(request: Request, viewer: User): boolean {
  return standingOf(request, viewer).isOwner || viewer.role === 'admin' || standingOf(request, viewer).isHandlingAgency
}

export function standingOf(request: Request, viewer: User): Standing {
  const isStaff = viewer.role === 'officer' || viewer.role === 'head'
  return {
    isOwner: request.applicant.id === viewer.id,
    isHandlingAgency: isStaff && Boolean(viewer.agency) && viewer.agency!.id === request.agency.id,
  }
}

/** A NIK in clear is for the officers of the handling OPD only; everyone else, the applicant too, sees it masked. */
export function mayReadNik(request: Request, viewer: User): boolean {
  return standingOf(request, viewer).isHandlingAgency
}
