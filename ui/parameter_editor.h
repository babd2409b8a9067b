#pragma once
// One tunable parameter: a slider and a spin box kept in step (numbers), a combo box (choices) or a
// check box (true/false), with its unit. It emits valueCommitted with the JSON text of the new value
// when the user lets go of the slider, finishes typing, or picks an entry; never while dragging.
#include "core/scenario/parameter_table.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;

namespace rl::ui {

class ParameterEditor : public QWidget {
    Q_OBJECT
public:
    ParameterEditor(const scenario::TunableParameter& parameter, QWidget* parent = nullptr);
    const QString& path() const { return m_path; }
    // Shows `json` (a number, "name", true/false or null for "none") without emitting anything.
    void showValue(const QString& json);
    bool isEditing() const;
    // For tests: set as a user would, then commit.
    void commitValue(double value);
    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* spinBox() const { return m_spin; }

Q_SIGNALS:
    void valueCommitted(const QString& path, const QString& json);

private:
    int sliderPosition(double value) const;
    double sliderValue(int position) const;
    QString numberJson(double value) const;

    QString m_path;
    const scenario::Parameter* m_spec;
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_spin = nullptr;
    QComboBox* m_combo = nullptr;
    QCheckBox* m_check = nullptr;
    bool m_logScale = false;
    bool m_quiet = false;
};

} // namespace rl::ui
