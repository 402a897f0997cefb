import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) as authenticator apps expect it: SHA-1, 6 digits, 30-second steps.
 * One step either side is accepted for clock drift; a step already used is refused.
 */
export const TOTP_ISSUER = 'Cyd';
const TOLERANCE_SECONDS = 30;

export const newTotpSecret = () => generateSecret({ length: 20 });

export const totpUri = (secret: string, label: string) =>
  generateURI({ issuer: TOTP_ISSUER, label, secret });

export type TotpCheck = { valid: true; timeStep: number } | { valid: false; reused: boolean };

/** Checks a code; `lastTimeStep` is the step of the last code accepted for this secret. */
export async function checkTotp(
  secret: string,
  code: string,
  lastTimeStep: number | null,
  now = Date.now(),
): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(code)) return { valid: false, reused: false };
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: TOLERANCE_SECONDS,
      epoch: Math.floor(now / 1000),
    });
    if (!result.valid || !('timeStep' in result)) return { valid: false, reused: false };
    if (lastTimeStep !== null && result.timeStep <= lastTimeStep)
      return { valid: false, reused: true };
    return { valid: true, timeStep: result.timeStep };
  } catch {
    return { valid: false, reused: false };
  }
}

/** The otpauth URI as an inline SVG QR code (hidden from screen readers: the secret is shown as text). */
export async function qrCodeSvg(uri: string) {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return svg.replace(
    '<svg ',
    '<svg class="cyd-qr-code" width="200" height="200" aria-hidden="true" focusable="false" ',
  );
}

/** Groups a base32 secret in fours so it can be read out and typed. */
export const formatSecret = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();
