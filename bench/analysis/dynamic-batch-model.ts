/**
 * Bench helper: a copy of the official YOLOX-Nano ONNX file with a symbolic batch dimension, to measure what true
 * batched inference would buy on this CPU. The official export fixes the batch at 1 in three places besides the
 * graph's input and output: the head's Reshape targets (1, 85, -1). The patch keeps every byte length the same:
 * the first dim `dim_value: 1` (bytes 08 01) of the graph's input, output and recorded intermediate shapes becomes
 * `dim_param: ""` (12 00), and the Reshape targets become (0, 85, -1) (0 = copy the input's batch). Nothing else
 * changes (Resize uses scales). Outputs are identical to the official model's (checked in the bench).
 */
import { readFile, writeFile } from 'node:fs/promises';

interface Field {
  field: number;
  wire: number;
  /** Offset of the value (after tag and, for length-delimited fields, the length). */
  start: number;
  end: number;
  /** Varint value (wire type 0). */
  value?: bigint;
}

function varint(b: Uint8Array, i: number): [bigint, number] {
  let r = 0n;
  let shift = 0n;
  for (;;) {
    const c = b[i++]!;
    r |= BigInt(c & 0x7f) << shift;
    shift += 7n;
    if (c < 0x80) return [r, i];
  }
}

function fields(b: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let i = start;
  while (i < end) {
    const [key, j] = varint(b, i);
    i = j;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, k] = varint(b, i);
      out.push({ field, wire, start: i, end: k, value: v });
      i = k;
    } else if (wire === 2) {
      const [len, k] = varint(b, i);
      out.push({ field, wire, start: k, end: k + Number(len) });
      i = k + Number(len);
    } else if (wire === 1) {
      out.push({ field, wire, start: i, end: i + 8 });
      i += 8;
    } else if (wire === 5) {
      out.push({ field, wire, start: i, end: i + 4 });
      i += 4;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
  return out;
}

const sub = (b: Uint8Array, f: Field, n: number): Field[] => fields(b, f.start, f.end).filter((x) => x.field === n);

/** Makes the first dim of a ValueInfoProto's tensor shape symbolic, in place; false when it is not a fixed 1. */
function symbolicBatch(b: Uint8Array, valueInfo: Field): boolean {
  const type = sub(b, valueInfo, 2)[0];
  const tensor = type && sub(b, type, 1)[0];
  const shape = tensor && sub(b, tensor, 2)[0];
  const dim = shape && sub(b, shape, 1)[0];
  const dimValue = dim && fields(b, dim.start, dim.end)[0];
  if (dimValue === undefined || dimValue.field !== 1 || dimValue.value !== 1n || dimValue.end - dimValue.start !== 1) return false;
  b[dimValue.start - 1] = 0x12; // tag: field 2 (dim_param), length-delimited
  b[dimValue.start] = 0x00; // empty string
  return true;
}

export async function writeDynamicBatchYolox(src: string, dest: string): Promise<void> {
  const b = new Uint8Array(await readFile(src));
  const graph = fields(b, 0, b.length).find((f) => f.field === 7);
  if (graph === undefined) throw new Error('no graph in model');
  const g = fields(b, graph.start, graph.end);
  for (const io of g.filter((f) => f.field === 11 || f.field === 12)) {
    if (!symbolicBatch(b, io)) throw new Error('unexpected model layout: the batch dim of an input or output is not dim_value 1');
  }
  // Shapes recorded for intermediate values (value_info) too, or onnxruntime warns on every batched run.
  for (const vi of g.filter((f) => f.field === 13)) symbolicBatch(b, vi);
  // Reshape targets (1, 85, -1) as raw int64.
  const target = new Uint8Array(24);
  const view = new DataView(target.buffer);
  view.setBigInt64(0, 1n, true);
  view.setBigInt64(8, 85n, true);
  view.setBigInt64(16, -1n, true);
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let patched = 0;
  for (let i = buf.indexOf(target); i >= 0; i = buf.indexOf(target, i + 24)) {
    buf.writeBigInt64LE(0n, i);
    patched += 1;
  }
  if (patched !== 3) throw new Error(`expected 3 Reshape targets (1, 85, -1), found ${patched}`);
  await writeFile(dest, buf);
}
