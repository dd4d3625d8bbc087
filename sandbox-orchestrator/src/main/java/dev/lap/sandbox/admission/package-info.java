/**
 * The two questions a session asks the policy before it exists: {@code data.lap.sandbox.admit}
 * (may this agent run, for how long, with which limits) and {@code data.lap.credentials.grants}
 * (which credentials its vault holds as stubs). {@link dev.lap.sandbox.admission.AdmissionPolicy}
 * asks both and answers one {@link dev.lap.sandbox.admission.Admission}; anything it cannot decide
 * is a refusal.
 */
@NullMarked
package dev.lap.sandbox.admission;

import org.jspecify.annotations.NullMarked;
