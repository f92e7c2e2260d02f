/**
 * The YAML topology spec, parsed and validated into immutable objects, every error by path. May
 * import learn (option types).
 */
package io.streamlearn.spec;
