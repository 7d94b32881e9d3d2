/**
 * Tells the session watcher that the next "signed out" is the user's own doing (the Sign out
 * button, revoking this device), so it does not warn "your session ended".
 */
let intendedSignOutAt = 0;

export function noteIntendedSignOut(): void {
  intendedSignOutAt = Date.now();
}

/** True once within 30 s of noteIntendedSignOut(). */
export function consumeIntendedSignOut(): boolean {
  const intended = Date.now() - intendedSignOutAt < 30_000;
  intendedSignOutAt = 0;
  return intended;
}
