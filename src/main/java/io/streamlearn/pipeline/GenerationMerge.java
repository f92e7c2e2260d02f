package io.streamlearn.pipeline;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.ParameterMixing;
import io.streamlearn.learn.RunningStandardizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The merge of one generation of a data-parallel pipeline: the records-weighted average of every
 * partition's contribution ({@link ParameterMixing#average}), learner by learner, and the feature
 * scalers pooled over the records each contribution added to the base.
 */
public final class GenerationMerge {

    private GenerationMerge() {}

    /**
     * @param base the last merged generation; null before the first
     * @param contributions one per partition, all of the same generation and learners, in partition order
     * @return the merged generation (partition {@link ModelSetSnapshot#MERGED}, records summed)
     */
    public static ModelSetSnapshot merge(ModelSetSnapshot base, List<ModelSetSnapshot> contributions) {
        if (contributions.isEmpty()) {
            throw new IllegalArgumentException("no contributions to merge");
        }
        ModelSetSnapshot first = contributions.get(0);
        long[] records = new long[contributions.size()];
        long total = 0;
        for (int i = 0; i < records.length; i++) {
            ModelSetSnapshot c = contributions.get(i);
            if (c.generation() != first.generation() || !c.models().keySet().equals(first.models().keySet())) {
                throw new IllegalArgumentException("contributions of different generations or learners");
            }
            records[i] = c.records();
            total += c.records();
        }
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        for (String learner : first.models().keySet()) {
            List<OnlineModel> replicas = new ArrayList<>();
            for (ModelSetSnapshot c : contributions) {
                replicas.add(c.models().get(learner));
            }
            OnlineModel baseModel = base == null ? null : base.models().get(learner);
            models.put(learner, total == 0 ? replicas.get(0) : ParameterMixing.average(baseModel, replicas, records));
        }
        RunningStandardizer scaler = null;
        if (first.standardizer() != null) {
            List<RunningStandardizer> replicas = new ArrayList<>();
            for (ModelSetSnapshot c : contributions) {
                replicas.add(c.standardizer());
            }
            RunningStandardizer baseScaler = base == null ? null : base.standardizer();
            scaler = total == 0 ? replicas.get(0) : ParameterMixing.average(baseScaler, replicas, records);
        }
        return new ModelSetSnapshot(first.generation(), ModelSetSnapshot.MERGED, total, models, scaler);
    }
}
