// The foot of a paged list: how many entries are shown, a failed page's problem, and "Load more" or the end.
import type { ReactNode, Ref } from 'react';
import { ProblemBanner } from './form';

interface LoadMoreProps {
  shown: ReactNode;
  shownTestId?: string;
  /** The last page's failure (null: none). */
  error: unknown;
  /** Where the next page starts; null at the end of the list. */
  cursor: string | null;
  loading: boolean;
  onMore: () => void;
  moreTestId: string;
  /** Shown instead of the button at the end of the list. */
  end: ReactNode;
  endTestId: string;
  /** The button, for pages that load on when it scrolls into view. */
  buttonRef?: Ref<HTMLButtonElement>;
}

export function LoadMore({ shown, shownTestId, error, cursor, loading, onMore, moreTestId, end, endTestId, buttonRef }: LoadMoreProps) {
  return (
    <div className="pager">
      <span className="muted" data-testid={shownTestId}>
        {shown}
      </span>
      {error !== null && <ProblemBanner error={error} />}
      {cursor ? (
        <button ref={buttonRef} type="button" className="btn" disabled={loading} onClick={onMore} data-testid={moreTestId}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        <span className="muted" data-testid={endTestId}>
          {end}
        </span>
      )}
    </div>
  );
}
