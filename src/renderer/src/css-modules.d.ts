// Vite compiles *.module.css into an object of scoped class names (tsconfig.web.json leaves out vite/client).
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>
  export default classes
}
