/**
 * Loss tracking: windowed prequential loss, reservoirs of recent records and their scoring, the
 * statistics of a learner. May import learn.
 */
package io.streamlearn.eval;
