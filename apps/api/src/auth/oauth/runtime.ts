import type { Services } from '../../context.ts';
import { createEncryption, type Encryption } from '../../infra/encryption.ts';
import { createOAuthRegistry, type OAuthRegistry } from './providers.ts';

/** The enabled providers and the token encryption, built once per set of services. */
export interface OAuthRuntime {
  registry: OAuthRegistry;
  encryption: Encryption;
}

// Kept beside Services rather than in it, so the OAuth module plugs in without changing Services.
const runtimes = new WeakMap<Services, OAuthRuntime>();

export function oauthRuntime(services: Services): OAuthRuntime {
  let runtime = runtimes.get(services);
  if (!runtime) {
    runtime = { registry: createOAuthRegistry(services.env), encryption: createEncryption(services.env) };
    runtimes.set(services, runtime);
  }
  return runtime;
}

/** Replaces the env-built registry, e.g. with one holding a test's fake provider. */
export function useOAuthRegistry(services: Services, registry: OAuthRegistry): void {
  runtimes.set(services, { ...oauthRuntime(services), registry });
}
