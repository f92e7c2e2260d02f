/**
 * Change detectors on a stream of losses: ADWIN2 (Bifet and Gavaldà, SDM 2007) and the
 * Page-Hinkley test, each with its whole state written and read back bit-identically; the options
 * and actions of a learner's drift detection. JDK only.
 */
package io.streamlearn.learn.drift;
