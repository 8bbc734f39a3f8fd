import { useEffect, useState } from 'react';
import { countdown } from '../format.ts';

/**
 * Time left until `endsAt` by the server's clock: `serverOffsetMs` is the server's time minus the browser's
 * when the data was fetched, so a wrong browser clock does not end a sale early.
 */
export function Countdown({ endsAt, serverOffsetMs }: { endsAt: string; serverOffsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Date.parse(endsAt) - (now + serverOffsetMs);
  return (
    <time dateTime={endsAt} className="countdown">
      {left > 0 ? `ends in ${countdown(left)}` : 'ended'}
    </time>
  );
}
