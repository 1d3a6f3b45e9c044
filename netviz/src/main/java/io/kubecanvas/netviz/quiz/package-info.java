/**
 * Challenge mode, Packet Tracer's quiz for the packet in front of you: while stepping, the next hop's headers stay
 * hidden until the learner says where the packet goes next or what its addresses will be; the answers are scored.
 * {@link io.kubecanvas.netviz.quiz.HopQuiz} makes and scores the questions, {@link io.kubecanvas.netviz.quiz.ChallengeModePane}
 * shows them and holds the workbench's forward step until answered.
 */
package io.kubecanvas.netviz.quiz;
