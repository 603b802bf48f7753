/** Small tree helpers over domhandler nodes. */
import type { Element, ParentNode } from 'domhandler';

/**
 * Deepest level the recursive helpers descend to. Real pages nest 20–60 levels;
 * broken markup (thousands of unclosed tags) must not overflow the stack.
 */
export const MAX_DEPTH = 300;

export function isNeighbour(a: Element, b: Element): boolean {
  return previousElement(b) === a || nextElement(b) === a;
}

export function isInside(el: Element, ancestor: Element): boolean {
  for (let p: ParentNode | null = el.parent; p !== null; p = p.parent) if (p === ancestor) return true;
  return false;
}

export function insideAny(el: Element, set: ReadonlySet<Element>): boolean {
  for (let p: ParentNode | null = el.parent; p !== null; p = p.parent) if (set.has(p as Element)) return true;
  return false;
}

export function containsAny(el: Element, set: ReadonlySet<Element>, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const child of el.children) {
    if (child.type !== 'tag') continue;
    if (set.has(child as Element) || containsAny(child as Element, set, depth + 1)) return true;
  }
  return false;
}

/** Negative when `a` comes before `b` in the document. */
export function documentOrder(a: Element, b: Element): number {
  if (a === b) return 0;
  const pathA = pathOf(a);
  const pathB = pathOf(b);
  for (let i = 0; i < Math.min(pathA.length, pathB.length); i++) {
    const x = pathA[i] ?? 0;
    const y = pathB[i] ?? 0;
    if (x !== y) return x - y;
  }
  return pathA.length - pathB.length;
}

function pathOf(el: Element): number[] {
  const path: number[] = [];
  let node: ParentNode | Element = el;
  while (node.parent !== null) {
    const parent: ParentNode = node.parent;
    path.push(parent.children.indexOf(node as Element));
    node = parent;
  }
  return path.reverse();
}

export function previousElement(el: Element): Element | null {
  for (let n = el.prev; n !== null; n = n.prev) {
    if (n.type === 'tag') return n as Element;
    if (n.type === 'text' && (n as unknown as { data: string }).data.trim() !== '') return null;
  }
  return null;
}

export function nextElement(el: Element): Element | null {
  for (let n = el.next; n !== null; n = n.next) {
    if (n.type === 'tag') return n as Element;
    if (n.type === 'text' && (n as unknown as { data: string }).data.trim() !== '') return null;
  }
  return null;
}
