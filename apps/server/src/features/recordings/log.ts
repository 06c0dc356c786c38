/** The few log lines the recording side writes outside requests (the HTTP logger is per request). */
export interface RecordingLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

const ORDER = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export function recordingLog(level: string): RecordingLog {
  const at = (ORDER as readonly string[]).indexOf(level);
  const on = (l: (typeof ORDER)[number]) => level !== 'silent' && at >= 0 && at <= ORDER.indexOf(l);
  const stamp = () => new Date().toISOString();
  return {
    info: (msg) => {
      if (on('info')) console.log(`${stamp()} INFO  ${msg}`);
    },
    warn: (msg) => {
      if (on('warn')) console.error(`${stamp()} WARN  ${msg}`);
    },
    error: (msg) => {
      if (on('error')) console.error(`${stamp()} ERROR ${msg}`);
    },
  };
}
