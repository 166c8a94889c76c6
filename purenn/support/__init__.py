"""Plumbing shared by purenn and npnn; a learner can skip this folder.

The chapters of the lesson are the modules one level up. What lives here is
written once and imported by both packages, so that they refuse the same
inputs with the same words, show their records the same way and run their
loops under the same rules:

- :mod:`~purenn.support.checks`: argument checks and their error messages;
- :mod:`~purenn.support.mlp_checks`: the general network's argument checks, on shapes;
- :mod:`~purenn.support.records`: how a record shows itself (matrices by shape);
- :mod:`~purenn.support.loop`: what a training loop needs besides the math;
- :mod:`~purenn.support.progress`: gradient steps counted across several trainings;
- :mod:`~purenn.support.search`: the hyperparameter search loop of ``tune``;
- :mod:`~purenn.support.files`: files written whole or not at all, never over a
  folder, a device or a FIFO, through links, their mode kept;
- :mod:`~purenn.support.startup`: Ctrl-C while the command line starts, in one line;
- :mod:`~purenn.support.settings`: the write-up's settings, and ``tune``'s default grid;
- :mod:`~purenn.support.network_checks`: the write-up's network's argument checks;
- :mod:`~purenn.support.tables`: the bundled table, CSV files and column names read;
- :mod:`~purenn.support.bounds`: limits on what is read and quoted, and on a
  network's size, so that nothing grows with the input unchecked;
- :mod:`~purenn.support.checkpoint_file`: a checkpoint's JSON text, written and read back;
- :mod:`~purenn.support.checkpoint_fields`: a checkpoint's fields, checked one by one;
- :mod:`~purenn.support.checkpoint_mlp`: a general network's checkpoint fields, checked;
- :mod:`~purenn.support.interface`: the interface the command line relies on,
  as protocols both packages satisfy;
- :mod:`~purenn.support.interface_mlp`: its part for the general network (``fit``);
- :mod:`~purenn.support.trace`: one training step recorded line by line, for the
  site's step-through page (purenn only).

Nothing here computes a number of the network (``trace`` runs purenn's own step
and only reads its frames).
"""
