package io.streamlearn.feed.dataset;

import java.util.Iterator;
import java.util.List;

/**
 * A built-in stream of labelled rows. Generated datasets are endless; the bundled ones repeat in
 * passes, with ids that stay unique across passes.
 */
public interface Dataset extends Iterator<DatasetRow> {

    String name();

    List<String> featureNames();

    /** The name of the label column, as written to CSV. */
    String labelName();
}
