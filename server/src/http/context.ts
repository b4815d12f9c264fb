// The authenticated caller, as every service sees it, and the request facts the audit log records.
import type { Role } from '@shixun/common';

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionId: number;
  schoolId: number | null;
  areaId: number | null;
  consortiumId: number | null;
  teacherId: number | null;
  /** A training provider's account: its provider (projects commissioned from it are its scope). */
  providerId?: number | null;
  mustChangePassword: boolean;
}

export interface Actor {
  user: CurrentUser;
  ip: string | null;
  userAgent: string | null;
}
