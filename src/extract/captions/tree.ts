/** Small tree helpers over domhandler nodes. */
import type { Element, ParentNode } from 'domhandler';
import { nextElement, previousElement } from './scope.js';

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

export function containsAny(el: Element, set: ReadonlySet<Element>): boolean {
  for (const child of el.children) {
    if (child.type !== 'tag') continue;
    if (set.has(child as Element) || containsAny(child as Element, set)) return true;
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
