/**
 * Test helper: writes tiny, valid ONNX models by hand (a minimal protobuf encoder for the few ModelProto fields
 * needed), so tests exercise real onnxruntime loading with models of chosen shapes — no Python, no downloads.
 */

type Dim = number | string;

class Pb {
  private readonly parts: Uint8Array[] = [];

  private push(bytes: Uint8Array | number[]): this {
    this.parts.push(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
    return this;
  }

  private static varint(value: number | bigint): number[] {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    return out;
  }

  int(field: number, value: number | bigint): this {
    return this.push([...Pb.varint((field << 3) | 0), ...Pb.varint(value)]);
  }

  bytes(field: number, value: Uint8Array): this {
    this.push([...Pb.varint((field << 3) | 2), ...Pb.varint(value.length)]);
    return this.push(value);
  }

  str(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  msg(field: number, value: Pb): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const FLOAT = 1;
const INT64 = 7;

function valueInfo(name: string, dims: readonly Dim[]): Pb {
  const shape = new Pb();
  for (const d of dims) shape.msg(1, typeof d === 'number' ? new Pb().int(1, d) : new Pb().str(2, d));
  const tensorType = new Pb().int(1, FLOAT).msg(2, shape);
  return new Pb().str(1, name).msg(2, new Pb().msg(1, tensorType));
}

function int64Tensor(name: string, values: readonly number[]): Pb {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return new Pb().int(1, values.length).int(2, INT64).str(8, name).bytes(9, raw);
}

function floatScalar(name: string, value: number): Pb {
  const raw = new Uint8Array(4);
  new DataView(raw.buffer).setFloat32(0, value, true);
  return new Pb().int(2, FLOAT).str(8, name).bytes(9, raw);
}

interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  intAttrs?: Record<string, number>;
}

function node(spec: NodeSpec, index: number): Pb {
  const n = new Pb();
  for (const i of spec.inputs) n.str(1, i);
  for (const o of spec.outputs) n.str(2, o);
  n.str(3, `n${index}`).str(4, spec.op);
  for (const [k, v] of Object.entries(spec.intAttrs ?? {})) n.msg(5, new Pb().str(1, k).int(3, v).int(20, 2));
  return n;
}

function model(nodes: NodeSpec[], initializers: Pb[], input: Pb, output: Pb): Uint8Array {
  const graph = new Pb();
  nodes.forEach((s, i) => graph.msg(1, node(s, i)));
  graph.str(2, 'argus-test');
  for (const init of initializers) graph.msg(5, init);
  graph.msg(11, input).msg(12, output);
  return new Pb().int(1, 8).str(2, 'argus-onnx-builder').msg(7, graph).msg(8, new Pb().str(1, '').int(2, 13)).finish();
}

/** A model whose output is its input (Identity): useful as a valid ONNX file with the wrong shapes for YOLOX. */
export function identityModel(inputName: string, dims: readonly Dim[], outputName = 'output'): Uint8Array {
  return model([{ op: 'Identity', inputs: [inputName], outputs: [outputName] }], [], valueInfo(inputName, dims), valueInfo(outputName, dims));
}

/**
 * A stand-in with YOLOX's interface: input `images` Bx3xHxW, output Bx(anchors)x(5+classes), where the output is
 * the first anchors*(5+classes) input values of each image divided by 255 (so each image's output depends only on
 * that image). `batch` 'N' makes the batch dimension symbolic (dynamic batching), 1 fixes it.
 */
export function fakeYoloxModel(opts: { size: number; anchors: number; numClasses: number; batch: 1 | 'N' }): Uint8Array {
  const row = 5 + opts.numClasses;
  const perImage = opts.anchors * row;
  if (perImage > 3 * opts.size * opts.size) throw new RangeError('fakeYoloxModel: output larger than input');
  const nodes: NodeSpec[] = [
    { op: 'Flatten', inputs: ['images'], outputs: ['flat'], intAttrs: { axis: 1 } },
    { op: 'Slice', inputs: ['flat', 'starts', 'ends', 'axes'], outputs: ['head'] },
    { op: 'Mul', inputs: ['head', 'scale'], outputs: ['scaled'] },
    { op: 'Reshape', inputs: ['scaled', 'shape'], outputs: ['output'] },
  ];
  const inits = [
    int64Tensor('starts', [0]),
    int64Tensor('ends', [perImage]),
    int64Tensor('axes', [1]),
    floatScalar('scale', 1 / 255),
    int64Tensor('shape', [0, opts.anchors, row]),
  ];
  return model(
    nodes,
    inits,
    valueInfo('images', [opts.batch, 3, opts.size, opts.size]),
    valueInfo('output', [opts.batch, opts.anchors, row]),
  );
}
