/**
 * Session tokens: the credential in participant URLs (/p/<token>). Random, never derived
 * from ids, so one participant cannot guess another's session.
 */
import { randomBytes } from 'node:crypto';

/** 18 random bytes = 144 bits, 24 base64url characters. */
export function newSessionToken(): string {
  return randomBytes(18).toString('base64url');
}

const TOKEN = /^[A-Za-z0-9_-]{24}$/;

/** Whether `value` has the shape of a token (checked before any database lookup). */
export function isSessionToken(value: string): boolean {
  return TOKEN.test(value);
}

/** A random id for a participant who came through a direct link, kept in a cookie. */
export function newDirectParticipantId(): string {
  return `d-${randomBytes(12).toString('base64url')}`;
}
