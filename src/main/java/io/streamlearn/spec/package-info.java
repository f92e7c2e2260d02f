/**
 * The YAML topology spec, parsed and validated into immutable objects, every error by path. May
 * import encode (the raw-event form's field types) and learn (option types).
 */
package io.streamlearn.spec;
