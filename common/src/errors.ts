// The closed set of error codes the API may answer with, and the one envelope that carries them.

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'TOO_MANY_ATTEMPTS',
  'UNAUTHENTICATED',
  'PASSWORD_CHANGE_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'IMPORT_HAS_ERRORS',
  'FILE_INVALID',
  'FILE_TOO_LARGE',
  'INTERNAL',
  // Check-in (attendance): wrong or rotated-out QR token, outside the window, not a participant.
  'QR_EXPIRED',
  'CHECKIN_CLOSED',
  'NOT_PARTICIPANT',
  // Sign-in with an account slip's code where a password is expected: the activation page takes it.
  'ACTIVATION_REQUIRED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}
