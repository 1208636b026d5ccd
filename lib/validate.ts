// Prop checks shared by Redline's stacks; each throws with the exact message the infra tests assert.

export function requirePositiveInteger(name: string, value: number, max?: number): void {
  if (!Number.isSafeInteger(value) || value <= 0 || (max !== undefined && value > max)) {
    throw new Error(`${name} must be a positive integer${max !== undefined ? ` up to ${max}` : ''}, got ${value}`);
  }
}

export function requireIntegerInRange(name: string, value: number, min: number, max: number, unit = ''): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}${unit}, got ${value}`);
  }
}

const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** An IAM role (or user) ARN, as policies name principals in `aws:PrincipalArn` conditions. */
export function requireIamPrincipalArn(name: string, arn: string, kind: 'role' | 'role or user' = 'role or user'): void {
  const match = IAM_PRINCIPAL_ARN.exec(arn);
  if (!match || (kind === 'role' && match[1] !== 'role')) {
    throw new Error(`${name} must be an IAM ${kind} ARN (arn:aws:iam::<account>:role/<name>), got "${arn}"`);
  }
}
