/** A point in image coordinates normalised to 0..1 (x to the right, y downwards). */
export type Point = readonly [number, number];

/** A box in normalised coordinates, (x, y) its top-left corner. */
export interface NormBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a person touches the ground: zone position and line crossings are judged by this point. */
export function bottomCentreOf(box: NormBox): Point {
  return [box.x + box.w / 2, box.y + box.h];
}

export function centreOf(box: NormBox): Point {
  return [box.x + box.w / 2, box.y + box.h / 2];
}
