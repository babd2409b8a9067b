#pragma once
// The topology canvas's scene: clients, services and calls laid out left to right by call depth,
// updated from the RunModel on every frame, with sampled requests moving along the calls.
#include "ui/run_model.h"

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>

class QTimer;

namespace rl::ui {

class NodeItem;
class EdgeItem;
class ParticleLayer;

class TopologyScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit TopologyScene(QObject* parent = nullptr);

    // Builds the items for a scenario (call after a load).
    void rebuild(const scenario::Scenario& scenario);
    // Figures from the model, and a particle for each attempt.
    void updateFrom(const RunModel& model, const std::vector<sim::AttemptTrace>& attempts,
                    const std::function<bool(const QString&)>& layerOn);
    void clearParticles();

    QString selectedElement() const; // "" when nothing is selected
    void selectElement(const QString& id);
    const NodeItem* node(const QString& id) const { return m_nodes.value(id); }
    const EdgeItem* edge(const QString& id) const { return m_edges.value(id); }
    std::size_t particleCount() const;

Q_SIGNALS:
    void elementSelected(const QString& id);

private:
    void animate();
    QHash<QString, NodeItem*> m_nodes;
    QHash<QString, EdgeItem*> m_edges; // "call:N" for service calls, "client-call:N" for clients
    ParticleLayer* m_particles = nullptr;
    QTimer* m_animation = nullptr;
    QElapsedTimer m_clock;
};

} // namespace rl::ui
