import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BadRequestError } from '../errors/bad-request-error.js';
import type { ProviderV1 } from '../provider/provider-v1.js';
import { providerPackages } from './provider-packages.js';

const registry = new Map<string, ProviderV1>();
const loading = new Map<string, Promise<void>>();

/** Makes a provider answer its `provider/` prefix (replacing any provider registered for it). */
export function registerProvider(provider: ProviderV1, options?: { prefix?: string }): void {
  if (provider.specificationVersion !== 'v1') {
    throw new Error(
      `Provider ${provider.provider} implements specification ${String(provider.specificationVersion)}; this core speaks v1.`,
    );
  }
  registry.set(options?.prefix ?? provider.provider, provider);
}

/** The provider registered (or already imported) for a prefix, without waiting; else undefined. */
export function registeredProvider(prefix: string): ProviderV1 | undefined {
  return registry.get(prefix);
}

export function isKnownProviderPrefix(prefix: string): boolean {
  return registry.has(prefix) || prefix in providerPackages;
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    error.message.includes(packageName)
  );
}

async function importProviderPackage(packageName: string): Promise<unknown> {
  try {
    return await import(packageName);
  } catch (error) {
    if (!isModuleNotFound(error, packageName)) throw error;
  }
  // Strict installs (pnpm) do not let core see its siblings; resolve from the application instead.
  const requireFromApp = createRequire(join(process.cwd(), 'package.json'));
  const resolved = requireFromApp.resolve(packageName);
  return import(pathToFileURL(resolved).href);
}

function readProviders(module: unknown): readonly ProviderV1[] {
  const providers = (module as { llmuxProviders?: unknown }).llmuxProviders;
  return Array.isArray(providers) ? (providers as ProviderV1[]) : [];
}

/** The provider for a prefix: registered, else lazily imported from its package. */
export async function getProvider(
  prefix: string,
  packages: Readonly<Record<string, string>> = providerPackages,
): Promise<ProviderV1> {
  const registered = registry.get(prefix);
  if (registered) return registered;
  const packageName = packages[prefix];
  if (packageName === undefined) {
    throw new BadRequestError({
      message: `Unknown provider '${prefix}'. Use a known prefix (${Object.keys(packages).join(', ')}) in the form 'provider/model', e.g. 'openai/gpt-4o', or register your own provider with registerProvider().`,
      param: 'model',
    });
  }
  let pending = loading.get(packageName);
  if (!pending) {
    pending = importProviderPackage(packageName).then(
      module => {
        for (const provider of readProviders(module)) {
          if (!registry.has(provider.provider)) registry.set(provider.provider, provider);
        }
      },
      () => {
        loading.delete(packageName);
      },
    );
    loading.set(packageName, pending);
  }
  await pending;
  const loaded = registry.get(prefix);
  if (!loaded) {
    throw new BadRequestError({
      message: `Provider '${prefix}' needs the package ${packageName}, which is not installed. Install it (npm install ${packageName}) and call the model as '${prefix}/<model>'.`,
      param: 'model',
    });
  }
  return loaded;
}
