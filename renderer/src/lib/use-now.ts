import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` while the page is visible (relative dates only; no I/O). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const arm = (): void => {
      clearInterval(timer);
      timer = undefined;
      if (document.visibilityState === 'visible') {
        setNow(Date.now());
        timer = setInterval(() => setNow(Date.now()), everyMs);
      }
    };
    arm();
    document.addEventListener('visibilitychange', arm);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', arm);
    };
  }, [everyMs]);
  return now;
}
