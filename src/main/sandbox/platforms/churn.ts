export interface ChurnTotals {
  /** Records picked for a change (a record picked twice counts twice). */
  changed: number
  inserted: number
}

/** Churns each account once by fractions of its own size; returns the totals. */
export function churnEach<A>(
  accounts: readonly A[],
  size: (account: A) => number,
  changed: number,
  inserted: number,
  churn: (account: A, changed: number, inserted: number) => void
): ChurnTotals {
  const totals: ChurnTotals = { changed: 0, inserted: 0 }
  for (const account of accounts) {
    const n = size(account)
    const c = Math.round(n * changed)
    const i = Math.round(n * inserted)
    churn(account, c, i)
    totals.changed += c
    totals.inserted += i
  }
  return totals
}
