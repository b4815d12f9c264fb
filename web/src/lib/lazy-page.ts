// React.lazy with a preload(): main.tsx starts loading the current URL's page while the app shell
// starts and asks who is signed in, instead of after (one round trip less before the page shows).
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export type LazyPage = LazyExoticComponent<ComponentType> & { preload: () => void };

export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let started: Promise<{ default: ComponentType }> | undefined;
  const once = () => {
    started ??= load();
    return started;
  };
  return Object.assign(lazy(once), {
    preload: () => {
      once().catch(() => {
        // a failed preload is retried (and reported) when the page renders
        started = undefined;
      });
    },
  });
}
