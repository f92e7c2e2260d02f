/**
 * The linear learners' parts: per-score losses, the four optimizers on one step skeleton, prox
 * operators and schedules. JDK only.
 */
package io.streamlearn.learn.linear;
