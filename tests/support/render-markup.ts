/**
 * A page component of the renderer, rendered to HTML inside a node test. The component is loaded by its path at run
 * time (Vite compiles the JSX), because the node typecheck has no JSX and would refuse a static import of a .tsx file;
 * `file` is relative to src-renderer/src. React is loaded by a name held in a variable for the same
 * reason: its types declare empty DOM interfaces globally, which would break the node typecheck of the e2e tests
 * (Playwright's element types) if React were part of that program.
 */
interface ReactRuntime {
  createElement(type: unknown, props: unknown): unknown;
}
interface ReactDomServer {
  renderToStaticMarkup(element: unknown): string;
}

const REACT = 'react';
const REACT_DOM_SERVER = 'react-dom/server';

export async function renderComponent<P extends object>(file: string, name: string, props: P): Promise<string> {
  const url = new URL(`../../src-renderer/src/${file}`, import.meta.url).pathname;
  const mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  const component = mod[name];
  if (typeof component !== 'function') throw new Error(`${file} has no component ${name}`);
  const react = (await import(/* @vite-ignore */ REACT)) as ReactRuntime;
  const server = (await import(/* @vite-ignore */ REACT_DOM_SERVER)) as ReactDomServer;
  return server.renderToStaticMarkup(react.createElement(component, props));
}
