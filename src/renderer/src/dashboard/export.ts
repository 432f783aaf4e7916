/**
 * A chart as a PNG and its numbers as CSV, downloaded from the page: the same path in Electron
 * (its download prompt) and in browser mode.
 */

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A cell as a spreadsheet reads it: quoted, and never a formula (a tag may start with "="). */
function csvCell(value: string | number): string {
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export function downloadCsv(rows: readonly (readonly (string | number)[])[], fileName: string): void {
  download(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), fileName)
}

const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'opacity', 'font-family', 'font-size', 'font-weight']

/**
 * The SVG drawn on a canvas: styles come from CSS variables (light or dark tokens), which a
 * standalone SVG image cannot resolve, so each element's computed style is written onto a copy.
 */
export async function downloadPng(svg: SVGSVGElement, fileName: string): Promise<void> {
  const copy = svg.cloneNode(true)
  if (!(copy instanceof SVGSVGElement)) throw new TypeError('a copy of an <svg> is an <svg>')
  const originals = [svg, ...svg.querySelectorAll('*')]
  const copies = [copy, ...copy.querySelectorAll('*')]
  originals.forEach((el, i) => {
    const style = getComputedStyle(el)
    const target = copies[i]
    if (!(target instanceof SVGElement)) return
    for (const prop of STYLE_PROPS) target.style.setProperty(prop, style.getPropertyValue(prop))
  })
  const { width, height } = svg.getBoundingClientRect()
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  // The SVG namespace is a name, not a URL anything fetches.
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg') // eslint-disable-line @microsoft/sdl/no-insecure-url
  const image = new Image()
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'))
  })
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`
  await loaded
  const scale = 2
  const canvas = document.createElement('canvas')
  canvas.width = Math.ceil(width * scale)
  canvas.height = Math.ceil(height * scale)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('This browser cannot draw images.')
  context.fillStyle = getComputedStyle(svg.closest('section') ?? document.body).backgroundColor
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.scale(scale, scale)
  context.drawImage(image, 0, 0, width, height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('The chart could not be saved as a PNG.')
  download(blob, fileName)
}
