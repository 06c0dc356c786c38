import { COCO_LABELS } from '@argus/vision';

/** One entry of the built-in algorithm registry (the algorithm center proper comes later). */
export interface AlgorithmInfo {
  id: string;
  name: string;
  versions: string[];
  defaultVersion: string;
  classes: string[];
  inputSizes: number[];
}

export const ALGORITHMS: readonly AlgorithmInfo[] = Object.freeze([
  {
    id: 'yolox-nano',
    name: 'YOLOX-Nano object detector (COCO, 80 classes) with ByteTrack tracking',
    versions: ['0.1.1rc0'],
    defaultVersion: '0.1.1rc0',
    classes: [...COCO_LABELS],
    inputSizes: [416],
  },
]);

export function algorithmById(id: string): AlgorithmInfo | undefined {
  return ALGORITHMS.find((a) => a.id === id);
}
