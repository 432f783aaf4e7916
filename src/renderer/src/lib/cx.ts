/** Joins the class names that are set: `cx(styles.row, odd && styles.alt)`. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ')
}
