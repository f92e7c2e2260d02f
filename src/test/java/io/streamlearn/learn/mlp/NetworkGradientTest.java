package io.streamlearn.learn.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.learn.SeededRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Back-propagation against central finite differences of the loss, for the parts the PyTorch
 * trajectory does not cover (LayerNorm, cross-entropy through the network). Tolerance 1e-7
 * absolute: the truncation error of a central difference with h = 1e-6 on these smooth losses.
 */
class NetworkGradientTest {

    @Test
    void layerNormNetworkWithMse() {
        checkGradients(new Network(new int[] {4, 6, 5, 1}, true, false, 0.0), new MseLoss(), 1);
    }

    @Test
    void plainNetworkWithCrossEntropy() {
        checkGradients(new Network(new int[] {3, 7, 3}, false, false, 0.0), new SoftmaxCrossEntropyLoss(), 3);
    }

    @Test
    void weightNormNetworkWithMseAndLayerNorm() {
        checkGradients(new Network(new int[] {4, 6, 5, 1}, true, true, 0.0), new MseLoss(), 1);
    }

    @Test
    void weightNormStartsAtThePlainInitialisation() {
        Network plain = new Network(new int[] {3, 4, 2}, false, false, 0.0);
        Network normalized = new Network(new int[] {3, 4, 2}, false, true, 0.0);
        plain.initialize(new SeededRandom(8));
        normalized.initialize(new SeededRandom(8));
        normalized.refreshWeights();
        for (int l = 0; l < 2; l++) {
            double[] w = plain.layer(l).weight().value().data;
            double[] effective = normalized.layer(l).weight().value().data;
            for (int i = 0; i < w.length; i++) {
                assertThat(effective[i]).isCloseTo(w[i], within(1e-15));
            }
        }
        assertThat(normalized.parameters()).extracting(Parameter::name)
                .containsExactly("layers.0.bias", "layers.0.weight_g", "layers.0.weight_v",
                        "layers.1.bias", "layers.1.weight_g", "layers.1.weight_v");
    }

    private static void checkGradients(Network net, BatchLoss loss, int outputs) {
        SeededRandom rng = new SeededRandom(5);
        net.initialize(rng);
        // Non-trivial LayerNorm gains and shifts, so that their gradients matter.
        for (Parameter p : net.parameters()) {
            if (p.name().startsWith("norms.")) {
                for (int i = 0; i < p.size(); i++) {
                    p.value().data[i] += rng.nextDouble(-0.5, 0.5);
                }
            }
        }
        int rows = 5;
        Network.Workspace ws = net.workspace(rows);
        DMatrixRMaj x = new DMatrixRMaj(rows, net.sizes()[0]);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = rng.nextGaussian();
        }
        DMatrixRMaj target = new DMatrixRMaj(rows, outputs);
        for (int r = 0; r < rows; r++) {
            if (outputs == 1) {
                target.data[r] = rng.nextGaussian();
            } else {
                SoftmaxCrossEntropyLoss.smoothedTarget(r % outputs, outputs, 0.1, target.data, r * outputs);
            }
        }
        lossAt(net, ws, x, target, loss);
        net.backward(ws);
        int checked = 0;
        for (Parameter p : net.parameters()) {
            double[] analytic = p.grad().data.clone();
            for (int i = 0; i < p.size(); i++) {
                double h = 1e-6;
                double saved = p.value().data[i];
                p.value().data[i] = saved + h;
                double up = lossAt(net, ws, x, target, loss);
                p.value().data[i] = saved - h;
                double down = lossAt(net, ws, x, target, loss);
                p.value().data[i] = saved;
                assertThat(analytic[i]).as(p.name() + "[" + i + "]").isCloseTo((up - down) / (2 * h), within(1e-7));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    private static double lossAt(Network net, Network.Workspace ws, DMatrixRMaj x, DMatrixRMaj target, BatchLoss loss) {
        ws.input().setTo(x);
        DMatrixRMaj out = net.forward(ws, true, new SeededRandom(1));
        return loss.lossAndGradient(out, target, ws.outputGradient());
    }
}
