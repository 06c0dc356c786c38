// Small stroke icons for the pane toolbar (inline SVG: no icon font, no emoji font needed).
const PATHS = {
  muted: 'M4 9h3l4-4v14l-4-4H4z M16 9l5 6 M21 9l-5 6',
  sound: 'M4 9h3l4-4v14l-4-4H4z M15 9a4 4 0 0 1 0 6 M18 6a8 8 0 0 1 0 12',
  stats: 'M5 19V11 M10 19V5 M15 19v-6 M20 19V8',
  boxes: 'M4 4h7v7H4z M13 13h7v7h-7z',
  fullscreen: 'M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5',
  stop: 'M6 6h12v12H6z',
} as const;

export type IconName = keyof typeof PATHS;

export function PaneIcon({ name }: { name: IconName }) {
  return (
    <svg className="live-icon" viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
