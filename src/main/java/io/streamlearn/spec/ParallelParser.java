package io.streamlearn.spec;

import io.streamlearn.learn.drift.DriftAction;
import java.util.List;
import java.util.Map;

/** The root key {@code parallel: {every: N}} of a spec, valid with {@code scope: global} only. */
final class ParallelParser {

    private ParallelParser() {}

    static ParallelSpec parse(SpecNode root, ScopeSpec scope, List<LearnerSpec> learners) {
        if (!root.has("parallel")) {
            return ParallelSpec.OFF;
        }
        SpecNode n = root.mapping("parallel", false);
        if (n == null) {
            return ParallelSpec.OFF;
        }
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.PARALLEL), Map.of());
        if (!n.has("every")) {
            n.error("every", "is required: training records between a replica's publications");
            return ParallelSpec.OFF;
        }
        int every = n.integer("every", 0, 1, ParallelSpec.MAX_EVERY);
        if (scope.perKey()) {
            root.error("parallel", "only with scope: global (a scope: key pipeline already trains its keys in "
                    + "their partitions' tasks)");
        }
        for (int i = 0; learners != null && i < learners.size(); i++) {
            LearnerSpec l = learners.get(i);
            if (l instanceof LearnerSpec.Linear linear && linear.isPath()) {
                root.error("learners[" + i + "].l1", "a regularization path cannot be trained with parallel (yet)");
            }
            if (l.drift() != null && l.drift().action() != DriftAction.NONE) {
                root.error("learners[" + i + "].drift.action", "must be none with parallel: a replica's reset or "
                        + "challenger would not be the merged model's");
            }
        }
        return new ParallelSpec(every);
    }
}
