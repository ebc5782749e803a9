import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { awayFromZero, expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

const g = jsGraph();
const shape = [3, 4];

describe('unary math gradients', () => {
  it('exp', () => expectGradientsMatch(g, (x) => g.exp(x), [randomTensor(shape, 1, -2, 2)]));
  it('log', () => expectGradientsMatch(g, (x) => g.log(x), [randomTensor(shape, 2, 0.3, 3)]));
  it('sqrt', () => expectGradientsMatch(g, (x) => g.sqrt(x), [randomTensor(shape, 3, 0.3, 3)]));
  it('square', () => expectGradientsMatch(g, (x) => g.square(x), [randomTensor(shape, 4, -2, 2)]));
  it('powScalar (integer and fractional exponents)', () => {
    expectGradientsMatch(g, (x) => g.powScalar(x, 3), [randomTensor(shape, 5, -1.5, 1.5)]);
    expectGradientsMatch(g, (x) => g.powScalar(x, -0.5), [randomTensor(shape, 6, 0.5, 2)]);
  });
  it('abs', () => expectGradientsMatch(g, (x) => g.abs(x), [awayFromZero(shape, 7)]));
  it('tanh', () => expectGradientsMatch(g, (x) => g.tanh(x), [randomTensor(shape, 8, -2, 2)]));
  it('sigmoid', () => expectGradientsMatch(g, (x) => g.sigmoid(x), [randomTensor(shape, 9, -3, 3)]));
  it('relu', () => expectGradientsMatch(g, (x) => g.relu(x), [awayFromZero(shape, 10)]));
  it('leakyRelu', () => expectGradientsMatch(g, (x) => g.leakyRelu(x, 0.2), [awayFromZero(shape, 11)]));
  it('elu (default and custom alpha)', () => {
    expectGradientsMatch(g, (x) => g.elu(x), [awayFromZero(shape, 12, 0.1, 2)]);
    expectGradientsMatch(g, (x) => g.elu(x, 0.5), [awayFromZero(shape, 13, 0.1, 2)]);
  });
  it('softplus', () => expectGradientsMatch(g, (x) => g.softplus(x), [randomTensor(shape, 14, -4, 4)]));
  it('clip (values inside and outside the interval)', () =>
    expectGradientsMatch(g, (x) => g.clip(x, -0.5, 0.5), [awayFromZero(shape, 15, 0.05, 1)].map(avoid(0.5))));

  it('gives the exact kink conventions: relu, abs and leakyRelu at 0', () => {
    const x = g.variable(Tensor.from([-1, 0, 2]));
    g.backward(g.sum(g.add(g.add(g.relu(x), g.abs(x)), g.leakyRelu(x, 0.1))));
    // relu' = [0, 0, 1], abs' = [-1, 0, 1], leakyRelu' = [0.1, 0.1, 1]
    expect(Array.from(x.grad!.data)).toEqual([Math.fround(-0.9), Math.fround(0.1), 3]);
  });

  it('passes the gradient of clip only where the value was not clamped', () => {
    const x = g.variable(Tensor.from([-2, -1, 0.5, 1, 3]));
    g.backward(g.sum(g.clip(x, -1, 1)));
    expect(x.grad?.toArray()).toEqual([0, 1, 1, 1, 0]);
  });
});

/** Moves values within 0.05 of ±bound off it, so clip's kinks stay out of the difference quotient. */
function avoid(bound: number): (t: Tensor) => Tensor {
  return (t) => {
    for (let i = 0; i < t.size; i++) if (Math.abs(Math.abs(t.data[i]!) - bound) < 0.05) t.data[i] = t.data[i]! * 1.3;
    return t;
  };
}
